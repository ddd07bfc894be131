// Badge QR codes: parse "ANTQ1|<enterprise_id>|<employee_number>" (app/festival/badges.py)
// and decode QR images with the browser's BarcodeDetector, else the vendored jsQR 1.4.0.

export const PREFIX = 'ANTQ1';

// Split a badge text into {enterpriseId, employeeNumber}, or null when it is not a badge.
export function parseBadge(text) {
  const value = String(text || '');
  const first = value.indexOf('|');
  const second = first < 0 ? -1 : value.indexOf('|', first + 1);
  if (first < 0 || second < 0 || value.slice(0, first) !== PREFIX) return null;
  const enterpriseId = value.slice(first + 1, second);
  const employeeNumber = value.slice(second + 1);
  return enterpriseId && employeeNumber ? { enterpriseId, employeeNumber } : null;
}

let detector;
async function nativeDetector() {
  if (detector !== undefined) return detector;
  detector = null;
  try {
    if ('BarcodeDetector' in self && (await self.BarcodeDetector.getSupportedFormats()).includes('qr_code')) {
      detector = new self.BarcodeDetector({ formats: ['qr_code'] });
    }
  } catch {
    detector = null;
  }
  return detector;
}

let jsqrLoading = null;
// Load the vendored decoder once, as a classic script (it defines self.jsQR).
function loadJsQR() {
  if (self.jsQR) return Promise.resolve(self.jsQR);
  jsqrLoading ||= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/app/vendor/jsQR.js';
    script.onload = () => resolve(self.jsQR);
    script.onerror = () => {
      jsqrLoading = null;
      reject(new Error('jsQR'));
    };
    document.head.append(script);
  });
  return jsqrLoading;
}

const canvas = document.createElement('canvas');
const MAX_SIDE = 1024;

// Draw an image/video/bitmap on a canvas no larger than MAX_SIDE; returns its pixels.
function pixels(source, width, height) {
  const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(source, 0, 0, canvas.width, canvas.height);
  return ctx.getImageData(0, 0, canvas.width, canvas.height);
}

// Decode a QR code from an image source (ImageBitmap, <video>, <img>, canvas); text or null.
// engine: 'auto' (native first), 'native' or 'jsqr'.
export async function decodeSource(source, width, height, engine = 'auto') {
  const native = engine === 'jsqr' ? null : await nativeDetector();
  if (native) {
    const found = await native.detect(source).catch(() => []);
    if (found.length) return found[0].rawValue;
    if (engine === 'native') return null;
  } else if (engine === 'native') {
    return null;
  }
  const jsQR = await loadJsQR();
  const image = pixels(source, width, height);
  const code = jsQR(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' });
  return code ? code.data : null;
}

// Decode a QR code in an image file or blob (a photo of a badge, a generated PNG).
export async function decodeBlob(blob, engine = 'auto') {
  const bitmap = await createImageBitmap(blob);
  try {
    return await decodeSource(bitmap, bitmap.width, bitmap.height, engine);
  } finally {
    bitmap.close?.();
  }
}

export async function hasNativeDetector() {
  return Boolean(await nativeDetector());
}

// Scan continuously from the back camera into <video>; onCode(text) for each code read.
// Returns stop(). Throws when there is no camera or permission is refused.
export async function startCamera(video, onCode, intervalMs = 250) {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: 'environment' },
    audio: false,
  });
  video.srcObject = stream;
  video.setAttribute('playsinline', '');
  video.muted = true;
  await video.play();
  let stopped = false;
  let busy = false;
  const timer = setInterval(async () => {
    if (stopped || busy || video.readyState < 2) return;
    busy = true;
    try {
      const text = await decodeSource(video, video.videoWidth, video.videoHeight);
      if (text && !stopped) onCode(text);
    } catch (err) {
      console.warn('qr', err);
    } finally {
      busy = false;
    }
  }, intervalMs);
  return () => {
    stopped = true;
    clearInterval(timer);
    stream.getTracks().forEach((track) => track.stop());
    video.srcObject = null;
  };
}
