/** Base class of every error the ETL library throws; keeps the cause (and pg's SQLSTATE). */
export class EtlError extends Error {
  override name = 'EtlError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Another run holds this machine's lock. */
export class MachineLockedError extends EtlError {
  override name = 'MachineLockedError';
  constructor(readonly machineId: string) {
    super(`machine ${machineId} is being processed by another run (advisory lock held); try again when it finishes`);
  }
}

/** Describes an unknown thrown value in one line, keeping pg's SQLSTATE code visible. */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? `${err.message} (SQLSTATE ${code})` : err.message;
  }
  return String(err);
}
