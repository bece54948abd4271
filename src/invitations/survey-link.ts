/** The address a person opens to answer: what invitation and thank-you mails and survey pages link to. */
export function surveyLink(publicUrl: string, token: string): string {
  return `${publicUrl}/s/${token}`;
}
