// The part of autocannon's programmatic API the bench uses (the package ships no types).
declare module 'autocannon' {
  interface Histogram { average: number; p50: number; p99: number }
  interface Result { requests: Histogram; latency: Histogram; errors: number; timeouts: number; non2xx: number }
  export default function autocannon(opts: { url: string; headers?: Record<string, string>; connections?: number; duration?: number }): Promise<Result>;
}
