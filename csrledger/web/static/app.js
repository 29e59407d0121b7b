// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  // Filter selects apply at once (the Apply button stays for text fields and no-JS use).
  document.querySelectorAll("form[data-autosubmit] select, form[data-autosubmit] input[type=checkbox]").forEach((el) =>
    el.addEventListener("change", () => el.form.requestSubmit()));
  // Drop empty fields so filtered URLs stay short and shareable.
  document.querySelectorAll("form.filters").forEach((form) =>
    form.addEventListener("submit", () => form.querySelectorAll("input, select").forEach((el) => {
      if (!el.value) el.disabled = true;
    })));
  // Ask before destructive curation.
  document.querySelectorAll("[data-confirm]").forEach((el) =>
    el.addEventListener("click", (event) => { if (!confirm(el.dataset.confirm)) event.preventDefault(); }));
});
