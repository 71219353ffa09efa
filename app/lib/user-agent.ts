/**
 * The browser and OS family of a User-Agent, as error reports keep it (`Chrome / Windows`):
 * families only, never versions or devices, so a report says where a fault shows without
 * singling anyone out. Order matters: Edge and Opera say "Chrome" too, Chrome says "Safari", and
 * iOS says "Mac OS X" (MDN, "Browser detection using the user agent").
 */
const BROWSERS: [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, 'Edge'], [/OPR\/|Opera/, 'Opera'], [/SamsungBrowser\//, 'Samsung Internet'], [/Firefox\/|FxiOS\//, 'Firefox'],
  [/Chrome\/|CriOS\/|Chromium\//, 'Chrome'], [/Safari\//, 'Safari'],
];
const SYSTEMS: [RegExp, string][] = [
  [/Windows/, 'Windows'], [/iPhone|iPad|iPod/, 'iOS'], [/Android/, 'Android'], [/CrOS/, 'ChromeOS'], [/Mac OS X|Macintosh/, 'macOS'], [/Linux/, 'Linux'],
];

export function browserFamily(userAgent: string | null | undefined): string {
  const ua = userAgent ?? '';
  const browser = BROWSERS.find(([re]) => re.test(ua))?.[1] ?? 'Other';
  const system = SYSTEMS.find(([re]) => re.test(ua))?.[1] ?? 'Other';
  return `${browser} / ${system}`;
}
