// Spirale — never lose work (a static file: no inline script, nothing fetched from outside the machine).
// Ctrl+S (⌘S) clicks the visible « Enregistrer » of the open tab; leaving the page (reload, close) while an
// editor shows unsaved changes (an element with the class `spirale-non-enregistre`) asks first.
(function () {
  "use strict";
  function visible(element) {
    return element.offsetParent !== null && !element.disabled;
  }
  window.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && (event.key === "s" || event.key === "S")) {
      event.preventDefault();  // never the browser's « Enregistrer la page sous »
      var buttons = document.querySelectorAll("button.spirale-raccourci-enregistrer");
      for (var i = 0; i < buttons.length; i++) {
        if (visible(buttons[i])) {
          if (document.activeElement && document.activeElement.blur) {
            document.activeElement.blur();  // a text field sends its last keystrokes before the save
          }
          buttons[i].click();
          return;
        }
      }
    }
  }, true);
  window.addEventListener("beforeunload", function (event) {
    if (document.querySelector(".spirale-non-enregistre")) {
      event.preventDefault();
      event.returnValue = "Des modifications ne sont pas enregistrées.";
      return event.returnValue;
    }
  });
})();
