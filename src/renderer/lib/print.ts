import { getText } from './api';

/**
 * Prints a document the hub renders (an X- or Z-reading: `/readings/:id/print?format=html`)
 * without leaving the screen: the HTML is fetched with the session's token and printed
 * from a hidden iframe. The frame may not run scripts (sandbox without allow-scripts);
 * allow-same-origin lets this page call its print(), allow-modals lets the dialog open.
 * Returns the frame, kept until the next print, so the printed document can be checked.
 * POST is for documents whose printing the hub counts (an invoice's reprint).
 */
export async function printHubDocument(path: string, method: 'GET' | 'POST' = 'GET'): Promise<HTMLIFrameElement> {
  const html = await getText(path, method);
  document.getElementById('kahera-print-frame')?.remove();
  const frame = document.createElement('iframe');
  frame.id = 'kahera-print-frame';
  frame.dataset.testid = 'print-frame';
  frame.title = 'Printable document';
  frame.setAttribute('sandbox', 'allow-same-origin allow-modals');
  frame.setAttribute('aria-hidden', 'true');
  // Off-screen rather than display:none: some engines print an empty page for a hidden frame.
  Object.assign(frame.style, { position: 'fixed', left: '-10000px', top: '0', width: '80mm', height: '600px', border: '0' });
  const loaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
  frame.srcdoc = html;
  document.body.appendChild(frame);
  await loaded;
  const win = frame.contentWindow;
  if (!win) throw new Error('The printer view could not be opened.');
  win.focus();
  win.print();
  return frame;
}
