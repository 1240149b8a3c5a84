// The enterprise form, enhanced: a click on a photo sets its focal point (the % fields work without this file).
(() => {
  for (const picker of document.querySelectorAll('.focal-picker')) {
    const suffix = picker.dataset.focal ?? '';
    const x = document.querySelector(`input[name="focalX${suffix}"]`);
    const y = document.querySelector(`input[name="focalY${suffix}"]`);
    const dot = picker.querySelector('.focal-dot');
    const img = picker.querySelector('img');
    if (!x || !y || !img) continue;
    img.style.cursor = 'crosshair';
    img.addEventListener('click', (event) => {
      const box = img.getBoundingClientRect();
      const px = Math.round(((event.clientX - box.left) / box.width) * 100);
      const py = Math.round(((event.clientY - box.top) / box.height) * 100);
      x.value = String(Math.min(100, Math.max(0, px)));
      y.value = String(Math.min(100, Math.max(0, py)));
      if (dot) {
        dot.style.left = `${x.value}%`;
        dot.style.top = `${y.value}%`;
      }
    });
  }
})();
