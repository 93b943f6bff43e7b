// Drafting assistant: copy the proposed territory presentation into the offer form's field.
// One delegated listener (the panel is re-rendered by HTMX on every change, this file may be
// loaded again): the text is appended after what the author already wrote, never replacing it,
// and an "input" event lets the live score update.
(function () {
  "use strict";
  if (window.emploiTerritoiresAssistant) {
    return;
  }
  window.emploiTerritoiresAssistant = true;
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-assistant-copy]");
    if (!button) {
      return;
    }
    var source = document.querySelector(button.getAttribute("data-assistant-copy"));
    var target = document.querySelector(button.getAttribute("data-assistant-target"));
    if (!source || !target) {
      return;
    }
    var current = target.value.trim();
    target.value = current ? current + "\n\n" + source.value : source.value;
    target.dispatchEvent(new Event("input", { bubbles: true }));
    target.focus();
    button.textContent = "Texte ajouté au champ « Présentation du territoire »";
    button.disabled = true;
  });
})();
