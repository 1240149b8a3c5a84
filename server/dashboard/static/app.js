// Progressive enhancement only: every page works without this file.
(() => {
  const token = () => document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';

  // htmx requests (live search, uploads) carry the CSRF token as a header: multipart bodies are parsed
  // after the CSRF check, so the hidden field alone is not enough for them.
  document.addEventListener('htmx:configRequest', (event) => {
    event.detail.headers['X-CSRF-Token'] = token();
  });

  // Put keyboard focus on the first problem after a form comes back with errors.
  const focusErrors = () => {
    const summary = document.getElementById('error-summary');
    const invalid = document.querySelector('[aria-invalid="true"]');
    (invalid ?? summary)?.focus();
  };
  document.addEventListener('DOMContentLoaded', focusErrors);
  document.addEventListener('htmx:afterSettle', (event) => {
    if (event.detail.target === document.body) focusErrors();
  });

  // Ask before deleting.
  document.addEventListener('submit', (event) => {
    const form = event.target;
    const message = form instanceof HTMLFormElement ? form.dataset.confirm : undefined;
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // Enterprise checklists (ad editor, campaign form) filter as one types, accents and case
  // ignored; checked ones stay listed. Enter in the search box checks the first match instead
  // of sending the form.
  const foldText = (text) =>
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
  for (const picker of document.querySelectorAll('.enterprise-picker')) {
    const search = picker.querySelector('.picker-search');
    const empty = picker.querySelector('.picker-empty');
    if (!search) continue;
    search.hidden = false;
    const items = [...picker.querySelectorAll('.picker-options li')];
    search.addEventListener('input', () => {
      const query = foldText(search.value.trim());
      let shown = 0;
      for (const item of items) {
        const box = item.querySelector('input');
        const match = !query || box.checked || foldText(item.textContent).includes(query);
        item.hidden = !match;
        if (match) shown += 1;
      }
      if (empty) empty.hidden = shown > 0;
    });
    search.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      const first = items.find((item) => !item.hidden && !item.querySelector('input').checked);
      first?.querySelector('input').click();
    });
  }

  // The menu folds behind its summary on a narrow screen (no JavaScript needed). Where the
  // browser cannot unfold it by CSS (::details-content), it is opened on a wide screen.
  const fold = document.querySelector('.nav-fold');
  if (fold && !CSS.supports('selector(::details-content)') && window.matchMedia('(min-width: 761px)').matches)
    fold.open = true;
})();
