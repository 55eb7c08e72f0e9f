/**
 * The customer widget: a shop's chat page includes it from Peakwatch
 * (`<script src="https://peakwatch.example/widget.js" data-key="…" data-channel="chat" data-contact-id="…"
 * data-email-form="https://shop.example/contact">`). It asks `GET /api/v1/wait` every 10 s and shows the
 * customer's place and expected wait, or the email form's link when nobody can answer. No framework.
 */
import type { WaitReply } from '../../shared/wait';
import { WIDGET_POLL_MS, widgetView } from '../../shared/wait-text';

function start(script: HTMLScriptElement): void {
  const d = script.dataset;
  if (!d.key || !d.channel) {
    console.error('Peakwatch widget: data-key and data-channel are required');
    return;
  }
  const base = new URL(script.src, location.href).origin;
  const query = new URLSearchParams({ channel: d.channel, key: d.key });
  if (d.queue) query.set('queue', d.queue);
  if (d.contactId) query.set('contactId', d.contactId);
  const url = `${base}/api/v1/wait?${query}`;

  const box = document.createElement('div');
  box.className = 'peakwatch-wait';
  box.setAttribute('role', 'status');
  box.setAttribute('aria-live', 'polite');
  box.hidden = true;
  const line = document.createElement('span');
  const link = document.createElement('a');
  link.textContent = 'Send us an email instead';
  link.hidden = true;
  if (d.emailForm) link.href = d.emailForm;
  box.append(line, ' ', link);
  script.after(box);

  let timer: ReturnType<typeof setTimeout> | undefined;
  const show = (r: WaitReply) => {
    const v = widgetView(r);
    box.hidden = v.kind === 'none';
    box.dataset.state = r.state;
    line.textContent = v.kind === 'none' ? '' : v.text;
    link.hidden = v.kind !== 'email' || !d.emailForm;
    return v.kind;
  };
  const poll = async () => {
    let kind = 'line';
    try {
      const res = await fetch(url, { cache: 'no-store', credentials: 'omit' });
      // Rate limited or down: keep what is shown and ask again later.
      if (res.ok) kind = show((await res.json()) as WaitReply);
    } catch {
      // Offline for a moment: the same.
    }
    // A contact no longer waiting has its answer: stop asking.
    if (kind !== 'none' || !d.contactId) timer = setTimeout(() => void poll(), WIDGET_POLL_MS);
  };
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && timer !== undefined) {
      clearTimeout(timer);
      void poll();
    }
  });
  void poll();
}

const me = document.currentScript;
if (me instanceof HTMLScriptElement) start(me);
