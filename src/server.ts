import type { Server } from 'node:http';
import { createApp } from './app';
import { ensureFirstAdmin } from './auth';
import { ConfigError, loadConfig } from './config';
import { openDb } from './open-db';
import { t } from './i18n/messages';
import { limitHeapGrowth } from './heap-growth';
import { createLogger } from './logger';
import { relativizeEmlPaths } from './mail/eml-files';
import { mailDeliveryFromConfig } from './mail/outbox-worker';
import { lockDatabaseForServer } from './ops/server-lock';
import { deliveryJobs, startWorker } from './scheduler/mail-delivery';
import { startScheduler } from './scheduler/scheduler';
import { surveyJobs } from './scheduler/survey-jobs';
import { surveyRateLimitFrom } from './web/survey';

limitHeapGrowth();

/** Boots the service: config, database (migrated), outbox worker and scheduler, HTTP; stops cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  let served: { release(): void };
  try {
    served = lockDatabaseForServer(config.databaseFile);
  } catch {
    console.error(t('ops.alreadyServed', { file: config.databaseFile }));
    process.exit(1);
  }
  const db = openDb(config.databaseFile);
  // .eml paths stored absolute by earlier versions; relative ones keep a restored copy off this instance's files.
  const rewritten = relativizeEmlPaths(db, config.mailDir);
  if (rewritten > 0) logger.info({ rewritten }, '.eml paths made relative to MAIL_DIR');
  const firstAdminPassword = await ensureFirstAdmin(db, Date.now());
  if (firstAdminPassword) {
    // Printed once, deliberately and outside the JSON log: the only way into a fresh install; never stored in clear.
    process.stderr.write(
      `\n  Đã tạo tài khoản quản trị "admin" với mật khẩu: ${firstAdminPassword}\n` +
        `  Hãy đăng nhập tại ${config.PUBLIC_URL}/dang-nhap và đổi mật khẩu ngay.\n\n`,
    );
    logger.warn('first admin account "admin" created; its password was printed once on stderr');
  }
  const delivery = mailDeliveryFromConfig(db, config);
  const { mailer } = delivery;
  const app = createApp({ db, config, mailer, logger, surveyRateLimit: surveyRateLimitFrom(config) });

  const worker = startWorker({ ...delivery, logger });
  // Every timed job on one tick: scheduled sending, reminders, automatic close, then delivery (and retries).
  const scheduler = startScheduler({
    jobs: [...surveyJobs({ db, publicUrl: config.PUBLIC_URL, logger }), ...deliveryJobs(worker)],
    clock: delivery.clock,
    tickMs: 1000,
    logger,
  });

  const server: Server = app.listen(config.PORT, config.HOST, () => {
    logger.info(
      { url: `http://${config.HOST}:${config.PORT}`, database: config.databaseFile, mail: mailer.kind },
      'cchc-survey listening',
    );
  });

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    scheduler.stop();
    server.close(() => {
      void worker.stop().finally(() => {
        mailer.close();
        db.$client.close();
        served.release();
        process.exit(0);
      });
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

void main();
