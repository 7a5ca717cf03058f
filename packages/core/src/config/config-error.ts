/** The fleet configuration or an option is wrong; the message names the field and the fix. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
