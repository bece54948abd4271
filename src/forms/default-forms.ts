import { formDefinitionSchema, type FormDefinition, type FormOption } from './definition';

// The provincial convention (docs/DOMAIN.md § Raw sub-score): options A/B/C/D worth 100% / 60% / 20% / 0% of the points.
const abcd = (a: string, b: string, c: string, d: string): FormOption[] => [
  { label: a, fraction: 1 },
  { label: b, fraction: 0.6 },
  { label: c, fraction: 0.2 },
  { label: d, fraction: 0 },
];
const satisfaction: FormOption[] = [
  { label: 'Rất hài lòng', fraction: 1 },
  { label: 'Hài lòng', fraction: 0.75 },
  { label: 'Bình thường', fraction: 0.5 },
  { label: 'Không hài lòng', fraction: 0.25 },
  { label: 'Rất không hài lòng', fraction: 0 },
];
const timely = abcd('Rất kịp thời', 'Kịp thời', 'Chưa kịp thời', 'Không biết / không trả lời');
const effective = abcd('Rất hiệu quả', 'Hiệu quả', 'Ít hiệu quả', 'Không hiệu quả / không biết');
const scored = (id: string, text: string, options: FormOption[], points = 0.5) => ({
  id,
  text,
  kind: 'single' as const,
  required: true,
  points,
  options,
});

const cbcc = {
  title: 'Phiếu khảo sát dành cho lãnh đạo, công chức, viên chức',
  intro:
    'Phiếu nhằm thu thập ý kiến đánh giá của lãnh đạo, công chức, viên chức về kết quả cải cách hành chính của cơ quan, ' +
    'đơn vị, địa phương. Phiếu không ghi tên; câu trả lời chỉ được tổng hợp theo đơn vị.',
  sections: [
    {
      id: 'thong_tin',
      title: 'Thông tin chung',
      questions: [
        {
          id: 'vi_tri',
          text: 'Vị trí công tác hiện nay của Ông/Bà',
          kind: 'single',
          required: true,
          options: [
            { label: 'Lãnh đạo cơ quan, đơn vị' },
            { label: 'Lãnh đạo phòng, ban chuyên môn' },
            { label: 'Công chức, viên chức' },
          ],
        },
        {
          id: 'tham_nien',
          text: 'Thời gian công tác trong cơ quan nhà nước',
          kind: 'single',
          required: false,
          options: [{ label: 'Dưới 5 năm' }, { label: 'Từ 5 đến 15 năm' }, { label: 'Trên 15 năm' }],
        },
      ],
    },
    {
      id: 'chi_dao',
      title: 'I. Công tác chỉ đạo, điều hành cải cách hành chính',
      questions: [
        scored('kh_cchc', 'Việc ban hành kế hoạch cải cách hành chính năm của cơ quan, đơn vị', timely),
        scored(
          'tuyen_truyen',
          'Hiệu quả của công tác tuyên truyền cải cách hành chính tại cơ quan, đơn vị',
          effective,
        ),
        scored(
          'kiem_tra',
          'Công tác kiểm tra, đôn đốc thực hiện cải cách hành chính của lãnh đạo cơ quan, đơn vị',
          abcd('Thường xuyên, hiệu quả', 'Thường xuyên', 'Chưa thường xuyên', 'Không biết / không trả lời'),
        ),
      ],
    },
    {
      id: 'the_che',
      title: 'II. Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật',
      questions: [
        scored(
          'vb_phu_hop',
          'Tính phù hợp với thực tiễn của các văn bản quy phạm pháp luật do tỉnh ban hành thuộc lĩnh vực cơ quan, đơn vị',
          abcd('Rất phù hợp', 'Phù hợp', 'Ít phù hợp', 'Không phù hợp / không biết'),
        ),
        scored(
          'vb_thuc_hien',
          'Việc tổ chức thực hiện văn bản quy phạm pháp luật tại cơ quan, đơn vị',
          abcd('Rất nghiêm túc', 'Nghiêm túc', 'Chưa nghiêm túc', 'Không biết / không trả lời'),
        ),
      ],
    },
    {
      id: 'tthc',
      title: 'III. Cải cách thủ tục hành chính',
      questions: [
        scored(
          'tthc_cong_khai',
          'Việc công khai thủ tục hành chính tại Bộ phận tiếp nhận và trả kết quả',
          abcd('Đầy đủ, rõ ràng', 'Đầy đủ', 'Chưa đầy đủ', 'Không biết / không trả lời'),
        ),
        scored(
          'mot_cua',
          'Hiệu quả hoạt động của cơ chế một cửa, một cửa liên thông tại cơ quan, đơn vị, địa phương',
          effective,
        ),
      ],
    },
    {
      id: 'bo_may',
      title: 'IV. Cải cách tổ chức bộ máy và chế độ công vụ',
      questions: [
        scored(
          'chuc_nang',
          'Sự rõ ràng trong phân định chức năng, nhiệm vụ giữa các phòng, ban của cơ quan, đơn vị',
          abcd('Rất rõ ràng', 'Rõ ràng', 'Chưa rõ ràng', 'Không biết / không trả lời'),
        ),
        scored(
          'tuyen_dung',
          'Tính công khai, minh bạch trong tuyển dụng, bổ nhiệm công chức, viên chức',
          abcd(
            'Rất công khai, minh bạch',
            'Công khai, minh bạch',
            'Chưa minh bạch',
            'Không biết / không trả lời',
          ),
        ),
        scored(
          'ky_luat',
          'Việc chấp hành kỷ luật, kỷ cương hành chính của công chức, viên chức trong cơ quan, đơn vị',
          abcd('Rất nghiêm', 'Nghiêm', 'Chưa nghiêm', 'Không biết / không trả lời'),
        ),
      ],
    },
    {
      id: 'tai_chinh',
      title: 'V. Cải cách tài chính công',
      questions: [
        scored(
          'tu_chu',
          'Hiệu quả thực hiện cơ chế tự chủ, tự chịu trách nhiệm về sử dụng biên chế và kinh phí',
          effective,
        ),
      ],
    },
    {
      id: 'hien_dai_hoa',
      title: 'VI. Hiện đại hóa hành chính',
      questions: [
        scored(
          'phan_mem',
          'Hiệu quả ứng dụng phần mềm quản lý văn bản, thư điện tử công vụ trong xử lý công việc',
          effective,
        ),
        scored('dvc_truc_tuyen', 'Hiệu quả cung cấp dịch vụ công trực tuyến của cơ quan, đơn vị', effective),
        scored(
          'hai_long_chung',
          'Mức độ hài lòng của Ông/Bà đối với kết quả cải cách hành chính của cơ quan, đơn vị',
          satisfaction,
          1,
        ),
      ],
    },
    {
      id: 'y_kien',
      title: 'VII. Ý kiến khác',
      questions: [
        {
          id: 'linh_vuc_uu_tien',
          text: 'Theo Ông/Bà, những lĩnh vực nào cần ưu tiên cải cách trong thời gian tới? (có thể chọn nhiều)',
          kind: 'multiple',
          required: false,
          options: [
            { label: 'Thủ tục hành chính' },
            { label: 'Tổ chức bộ máy' },
            { label: 'Chế độ công vụ' },
            { label: 'Tài chính công' },
            { label: 'Chính quyền điện tử, chuyển đổi số' },
          ],
        },
        {
          id: 'de_xuat',
          text: 'Đề xuất, kiến nghị của Ông/Bà để nâng cao hiệu quả cải cách hành chính',
          kind: 'text',
          required: false,
          maxLength: 2000,
        },
      ],
    },
  ],
};

const hdnd = {
  title: 'Phiếu khảo sát dành cho đại biểu Hội đồng nhân dân',
  intro:
    'Phiếu thu thập ý kiến của đại biểu Hội đồng nhân dân cấp tỉnh, cấp huyện về kết quả cải cách hành chính của ' +
    'cơ quan, đơn vị, địa phương. Phiếu không ghi tên; câu trả lời chỉ được tổng hợp theo đơn vị.',
  sections: [
    {
      id: 'thong_tin',
      title: 'Thông tin chung',
      questions: [
        {
          id: 'cap_dai_bieu',
          text: 'Ông/Bà là đại biểu Hội đồng nhân dân cấp',
          kind: 'single',
          required: true,
          options: [{ label: 'Cấp tỉnh' }, { label: 'Cấp huyện' }],
        },
      ],
    },
    {
      id: 'danh_gia',
      title: 'I. Đánh giá kết quả cải cách hành chính',
      questions: [
        scored(
          'chi_dao',
          'Sự quan tâm chỉ đạo của người đứng đầu đối với công tác cải cách hành chính',
          abcd('Rất quan tâm', 'Quan tâm', 'Ít quan tâm', 'Không quan tâm / không biết'),
        ),
        scored(
          'vb_qppl',
          'Chất lượng văn bản quy phạm pháp luật do cơ quan, đơn vị tham mưu ban hành',
          abcd('Rất tốt', 'Tốt', 'Chưa tốt', 'Không biết / không trả lời'),
        ),
        scored(
          'tthc',
          'Mức độ đơn giản hóa thủ tục hành chính, giảm thời gian và chi phí cho người dân, doanh nghiệp',
          effective,
        ),
        scored(
          'giai_trinh',
          'Trách nhiệm giải trình của cơ quan, đơn vị trước Hội đồng nhân dân và cử tri',
          abcd('Rất đầy đủ', 'Đầy đủ', 'Chưa đầy đủ', 'Không biết / không trả lời'),
        ),
        scored('phan_anh', 'Việc tiếp nhận, xử lý phản ánh, kiến nghị của người dân, doanh nghiệp', timely),
        scored(
          'dao_duc',
          'Tinh thần, thái độ phục vụ nhân dân của cán bộ, công chức, viên chức',
          abcd('Rất tốt', 'Tốt', 'Chưa tốt', 'Không biết / không trả lời'),
        ),
        scored('chuyen_doi_so', 'Hiệu quả xây dựng chính quyền điện tử, chuyển đổi số', effective),
        scored(
          'hai_long_chung',
          'Mức độ hài lòng của Ông/Bà đối với kết quả cải cách hành chính của cơ quan, đơn vị, địa phương',
          satisfaction,
          1,
        ),
      ],
    },
    {
      id: 'y_kien',
      title: 'II. Ý kiến khác',
      questions: [
        {
          id: 'de_xuat',
          text: 'Kiến nghị của Ông/Bà đối với công tác cải cách hành chính',
          kind: 'text',
          required: false,
          maxLength: 2000,
        },
      ],
    },
  ],
};

// The open form types (docs/DOMAIN.md § Open links): people served at the unit's one-stop shop rate it on the
// five-level satisfaction scale; one builder, since citizens and organisations are asked the same things.
const servedBy = (title: string, who: string, extra: { id: string; text: string; labels: string[] }) => ({
  title,
  intro:
    `Phiếu thu thập ý kiến của ${who} về việc giải quyết thủ tục hành chính tại cơ quan, đơn vị. ` +
    'Phiếu không ghi tên; câu trả lời chỉ được tổng hợp theo đơn vị.',
  sections: [
    {
      id: 'thong_tin',
      title: 'Thông tin chung',
      questions: [
        {
          id: extra.id,
          text: extra.text,
          kind: 'single',
          required: false,
          options: extra.labels.map((label) => ({ label })),
        },
      ],
    },
    {
      id: 'danh_gia',
      title: 'I. Mức độ hài lòng',
      questions: [
        scored('tiep_can', 'Việc tiếp cận thông tin về thủ tục hành chính', satisfaction),
        scored('thu_tuc', 'Sự đơn giản, dễ hiểu của thủ tục hành chính', satisfaction),
        scored('thoi_gian', 'Thời gian giải quyết so với thời hạn đã hẹn', satisfaction),
        scored('thai_do', 'Thái độ, tinh thần phục vụ của công chức tiếp nhận hồ sơ', satisfaction),
        scored('chi_phi', 'Chi phí phải trả đúng quy định, không phát sinh', satisfaction),
        scored('hai_long_chung', 'Mức độ hài lòng chung của Ông/Bà', satisfaction, 1),
      ],
    },
    {
      id: 'y_kien',
      title: 'II. Ý kiến khác',
      questions: [
        {
          id: 'de_xuat',
          text: 'Góp ý của Ông/Bà để cơ quan, đơn vị phục vụ tốt hơn',
          kind: 'text',
          required: false,
          maxLength: 1000,
        },
      ],
    },
  ],
});

const nguoiDan = servedBy('Phiếu khảo sát ý kiến người dân', 'người dân', {
  id: 'do_tuoi',
  text: 'Độ tuổi của Ông/Bà',
  labels: ['Dưới 30 tuổi', 'Từ 30 đến 50 tuổi', 'Trên 50 tuổi'],
});
const toChuc = servedBy('Phiếu khảo sát ý kiến tổ chức, doanh nghiệp', 'tổ chức, doanh nghiệp', {
  id: 'loai_hinh',
  text: 'Loại hình tổ chức của Quý cơ quan',
  labels: ['Doanh nghiệp', 'Hợp tác xã, hộ kinh doanh', 'Tổ chức khác'],
});

/** The built-in questionnaires every new campaign starts from, validated like any edited definition. */
export const DEFAULT_FORMS: Record<'cbcc' | 'hdnd' | 'nguoi_dan' | 'to_chuc', FormDefinition> = {
  cbcc: formDefinitionSchema.parse(cbcc),
  hdnd: formDefinitionSchema.parse(hdnd),
  nguoi_dan: formDefinitionSchema.parse(nguoiDan),
  to_chuc: formDefinitionSchema.parse(toChuc),
};
