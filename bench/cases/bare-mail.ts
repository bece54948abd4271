// Bare-stack mail ceilings: nodemailer's SMTP pool to a local sink that accepts and discards.
import nodemailer from 'nodemailer';
import { measure, scaled } from '../lib/measure';
import { benchEmail, seededRandom, vietnameseName } from '../lib/random';
import { connectNoDelay, startSmtpSink } from '../lib/smtp-sink';
import type { BenchCase, BenchResult } from '../types';

async function nodemailerPoolRate(poolSize: number, messages: number, noDelay = false): Promise<BenchResult> {
  const sink = await startSmtpSink();
  const url = new URL(sink.url);
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: poolSize,
    maxMessages: Infinity,
    host: url.hostname,
    port: Number(url.port),
    ignoreTLS: true,
    // nodemailer leaves Nagle on: each SMTP command then waits for the server's delayed ACK (~40 ms).
    ...(noDelay
      ? {
          getSocket: connectNoDelay,
        }
      : {}),
  });
  const random = seededRandom(poolSize);
  const prebuilt = Array.from({ length: messages }, (_, i) => ({
    from: 'Sở Nội vụ <khaosat@snv.example.vn>',
    to: benchEmail(vietnameseName(random), i),
    subject: 'Sở Nội vụ kính gửi Phiếu khảo sát trực tuyến Chỉ số CCHC 2019',
    text: `Kính gửi ông/bà, mời ông/bà trả lời phiếu khảo sát tại http://127.0.0.1/s/${'x'.repeat(22)}${i}`,
    html: `<p>Kính gửi ông/bà,</p><p>Mời ông/bà trả lời phiếu khảo sát: <a href="http://127.0.0.1/s/${i}">mở phiếu</a></p>`,
  }));
  try {
    const { ms } = await measure(() => Promise.all(prebuilt.map((m) => transport.sendMail(m))), {
      warmups: 0,
      runs: 1,
    });
    return {
      name: `bare nodemailer pool of ${poolSize}${noDelay ? ' with TCP_NODELAY sockets' : ''} → local SMTP sink`,
      value: (messages / ms) * 1000,
      unit: 'msg/s',
      notes: `${messages} prebuilt messages, ${sink.accepted()} accepted by the sink (same process)`,
    };
  } finally {
    transport.close();
    await sink.close();
  }
}

const bareMail: BenchCase = {
  name: 'bare-mail',
  async run() {
    const messages = scaled(10_000, 500);
    return [
      await nodemailerPoolRate(5, messages),
      await nodemailerPoolRate(20, messages),
      await nodemailerPoolRate(5, messages, true),
    ];
  },
};

export default bareMail;
