import { qrcodeValueToImageUrl, ScanStatus } from 'wechaty';
import type { Logger } from '../logger';

export function onScan({ logger }: { logger: Logger }) {
  return async function handleScan(qrcode: string, status: ScanStatus): Promise<void> {
    if (status === ScanStatus.Waiting || status === ScanStatus.Timeout) {
      // The operator opens this link and scans it with the bot's WeChat account to log in.
      logger.info({ status: ScanStatus[status], qrcodeImageUrl: qrcodeValueToImageUrl(qrcode) }, 'scan to log in');
      return;
    }
    logger.info({ status: ScanStatus[status] }, 'scan status');
  };
}
