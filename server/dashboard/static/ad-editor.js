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
