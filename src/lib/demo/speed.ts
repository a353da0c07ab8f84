/**
 * The steady decoding rate: tokens after the first, over the time since the first arrived. The first token's wait
 * (reading the prompt) is reported apart, as time to first token. One function for the live figure and the final one.
 */
export function decodeTokensPerSecond(tokens: number, sinceFirstMs: number): number {
  return tokens > 1 && sinceFirstMs > 0 ? ((tokens - 1) * 1000) / sinceFirstMs : 0;
}
