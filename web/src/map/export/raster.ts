/**
 * Turns the map's SVG into a PNG (through a canvas; a plain SVG without foreignObject never taints
 * it) and a PNG-quality picture into a one-page PDF. No library: the PDF needs one image object.
 */

/** Draws the SVG at `scale` device pixels per CSS pixel on a white-backed canvas. */
async function rasterize(svg: string, width: number, height: number, scale: number) {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser cannot draw on a canvas');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return canvas;
  } finally {
    URL.revokeObjectURL(url);
  }
}

function toBlob(canvas: HTMLCanvasElement, type: string, quality?: number): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (b) => (b ? resolve(b) : reject(new Error(`the picture could not be encoded as ${type}`))),
      type,
      quality,
    ),
  );
}

/** The size an SVG document declares (our renderer always writes width and height). */
export function svgSize(svg: string): { width: number; height: number } {
  const w = /\swidth="(\d+(?:\.\d+)?)"/.exec(svg);
  const h = /\sheight="(\d+(?:\.\d+)?)"/.exec(svg);
  if (!w || !h) throw new Error('the SVG does not declare its size');
  return { width: Number(w[1]), height: Number(h[1]) };
}

export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const { width, height } = svgSize(svg);
  return toBlob(await rasterize(svg, width, height, scale), 'image/png');
}

export async function svgToPdf(svg: string, scale = 2): Promise<Blob> {
  const { width, height } = svgSize(svg);
  const canvas = await rasterize(svg, width, height, scale);
  const jpeg = new Uint8Array(await (await toBlob(canvas, 'image/jpeg', 0.92)).arrayBuffer());
  // 96 CSS pixels per inch, 72 points per inch: the page is the map's size on screen.
  const pdf = pdfWithImage(jpeg, canvas.width, canvas.height, width * 0.75, height * 0.75);
  return new Blob([pdf], { type: 'application/pdf' });
}

/**
 * A one-page PDF (1.4) whose page shows a JPEG stretched to it. Objects: catalog, page tree,
 * page, image (DCTDecode keeps the JPEG bytes as they are), content stream; then the
 * cross-reference table with each object's byte offset.
 */
export function pdfWithImage(
  jpeg: Uint8Array,
  pixelWidth: number,
  pixelHeight: number,
  pageWidth: number,
  pageHeight: number,
): Uint8Array<ArrayBuffer> {
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (part: string | Uint8Array) => {
    const bytes = typeof part === 'string' ? enc.encode(part) : part;
    chunks.push(bytes);
    length += bytes.length;
  };
  const w = pageWidth.toFixed(2);
  const h = pageHeight.toFixed(2);
  const content = `q ${w} 0 0 ${h} 0 0 cm /Im0 Do Q`;
  push('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  const object = (n: number, body: string | Array<string | Uint8Array>) => {
    offsets[n] = length;
    push(`${n} 0 obj\n`);
    for (const part of Array.isArray(body) ? body : [body]) push(part);
    push('\nendobj\n');
  };
  object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  object(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  object(
    3,
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w} ${h}] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>`,
  );
  object(4, [
    `<< /Type /XObject /Subtype /Image /Width ${pixelWidth} /Height ${pixelHeight} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`,
    jpeg,
    '\nendstream',
  ]);
  object(5, `<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  const xref = length;
  push(`xref\n0 6\n0000000000 65535 f \n`);
  for (let n = 1; n <= 5; n++) push(`${String(offsets[n]).padStart(10, '0')} 00000 n \n`);
  push(`trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
