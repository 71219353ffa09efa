import { renderSVG } from 'uqr';

/** The link as an SVG QR code, loaded only once a link exists so first paint stays small. */
export function qrSvg(url: string): string {
  return renderSVG(url, { ecc: 'M', border: 2 });
}
