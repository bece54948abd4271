import type { Server } from 'node:http';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { openDb } from './db/client';
import { createLogger } from './logger';
import { startOutboxWorker } from './mail/outbox-worker';
import { createMailer } from './mail/transport';
import { systemClock } from './time';

/** Boots the service: config, database (migrated), outbox worker, HTTP; stops cleanly on SIGINT/SIGTERM. */
function main(): void {
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
  const db = openDb(config.databaseFile);
  const mailer = createMailer({
    smtpUrl: config.SMTP_URL,
    mailDir: config.mailDir,
    poolSize: config.MAIL_CONCURRENCY,
  });
  const app = createApp({ db, config, mailer, logger });

  const worker = startOutboxWorker({
    db,
    mailer,
    from: config.MAIL_FROM,
    concurrency: config.MAIL_CONCURRENCY,
    ratePerMinute: config.MAIL_RATE_PER_MINUTE,
    clock: systemClock,
    logger,
    publicUrl: config.PUBLIC_URL,
  });

  const server: Server = app.listen(config.PORT, config.HOST, () => {
    logger.info(
      { url: `http://${config.HOST}:${config.PORT}`, database: config.databaseFile, mail: mailer.kind },
      'cchc-survey listening',
    );
  });

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close(() => {
      void worker.stop().finally(() => {
        mailer.close();
        db.$client.close();
        process.exit(0);
      });
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main();
