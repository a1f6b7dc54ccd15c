// Small enhancements; every page works without them.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
}, true);

document.addEventListener("click", (event) => {
  const input = event.target.closest("input.copy");
  if (input) {
    input.select();
  }
});

// With DEBUG on, django-htmx shows any 400 answer as a whole error page. Ours are form
// fragments with the message by the field, so they stay with the swap below.
window.addEventListener("htmx:beforeOnLoad", (event) => {
  if (event.detail.xhr.status === 400) {
    event.stopPropagation();
  }
}, true);

// htmx: a refused or failed request keeps what was typed and says so in the target.
document.addEventListener("htmx:beforeSwap", (event) => {
  const status = event.detail.xhr.status;
  if (status === 400 || status === 409 || status === 422) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

document.addEventListener("htmx:sendError", (event) => {
  const target = event.detail.target;
  if (target) {
    target.classList.add("save-failed");
    target.setAttribute("data-save-error", "Not saved: no connection. Your entry is kept; try again.");
  }
});

// Load grid: Escape closes an open cell editor without saving.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") {
    return;
  }
  const editor = event.target.closest && event.target.closest(".cell-editor");
  const cancel = editor && editor.querySelector(".cell-cancel");
  if (cancel) {
    event.preventDefault();
    cancel.click();
  }
});

// Load grid: keep the keyboard where it was. A saved cell gives the focus back to the same
// plus/minus button or to the cell itself; a refused edit puts it on the field in error.
let gridFocus = null;

document.addEventListener("htmx:beforeSwap", (event) => {
  const target = event.detail.target;
  if (!target || !target.matches || !target.matches("td.cell")) {
    return;
  }
  const active = document.activeElement;
  const inside = active && target.contains(active);
  gridFocus = inside ? { id: target.id, label: active.getAttribute("aria-label") } : null;
});

document.addEventListener("htmx:afterSettle", () => {
  if (!gridFocus) {
    return;
  }
  const cell = document.getElementById(gridFocus.id);
  const label = gridFocus.label;
  gridFocus = null;
  if (!cell) {
    return;
  }
  const invalid = cell.querySelector(".has-error input, [aria-invalid='true']");
  const same = label && Array.from(cell.querySelectorAll("[aria-label]")).find(
    (control) => control.getAttribute("aria-label") === label,
  );
  const target = invalid || same || cell.querySelector("a.cell-open");
  if (target) {
    target.focus();
  }
});
