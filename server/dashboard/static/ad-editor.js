// The ad editor, enhanced: every part works without this file (see ad-editor.form.ts).
(() => {
  const form = document.getElementById('ad-form');
  if (!form) return;

  // Choosing a template re-renders the form at once, through the same button that does it without JavaScript.
  const switcher = form.querySelector('[data-switch-template]');
  const templateSelect = form.querySelector('#pick-template');
  if (switcher && templateSelect) {
    switcher.hidden = true;
    templateSelect.addEventListener('change', () => form.requestSubmit(switcher));
  }

  // Ticking an enterprise refreshes the photo pickers (htmx); the no-JavaScript button is not needed.
  const hidePhotoButton = () => {
    const button = form.querySelector('[data-refresh-photos]');
    if (button && window.htmx) button.hidden = true;
  };
  hidePhotoButton();
  document.body.addEventListener('htmx:afterSwap', hidePhotoButton);

  // The enterprise list filters as one types (accents and case ignored); checked ones stay listed.
  const fold = (text) =>
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
  const search = form.querySelector('.picker-search');
  const empty = form.querySelector('.picker-empty');
  if (search) {
    search.hidden = false;
    const items = [...form.querySelectorAll('#enterprise-options li')];
    search.addEventListener('input', () => {
      const query = fold(search.value.trim());
      let shown = 0;
      for (const item of items) {
        const box = item.querySelector('input');
        const match = !query || box.checked || fold(item.textContent).includes(query);
        item.hidden = !match;
        if (match) shown += 1;
      }
      if (empty) empty.hidden = shown > 0;
    });
    // Enter in the search box checks the first match instead of sending the form.
    search.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      const first = items.find((item) => !item.hidden && !item.querySelector('input').checked);
      first?.querySelector('input').click();
    });
  }

  // Counters beside template fields: characters as the server counts them (code points).
  const update = (input) => {
    const counter = document.getElementById(`${input.id}-count`);
    const max = Number(input.dataset.max);
    if (!counter || !max) return;
    const length = [...input.value].length;
    const over = length - max;
    counter.classList.toggle('counter-over', over > 0);
    counter.textContent =
      over > 0
        ? input.dataset.over.replace('{length}', length).replace('{max}', max).replace('{over}', over)
        : `${length} / ${max}`;
  };
  form.addEventListener('input', (event) => {
    if (event.target instanceof HTMLElement && event.target.dataset.max) update(event.target);
  });
})();
