// The board's filters (<details id="board-filters">) are a disclosure on a phone only: from 48em
// they are always open (board.css does it without JavaScript where ::details-content exists).
(function () {
  "use strict";
  var filters = document.getElementById("board-filters");
  if (!filters || !window.matchMedia) {
    return;
  }
  var wide = window.matchMedia("(min-width: 48em)");
  function sync() {
    if (wide.matches) {
      filters.open = true;
    }
  }
  sync();
  if (wide.addEventListener) {
    wide.addEventListener("change", sync);
  }
})();
