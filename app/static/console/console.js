// Console enhancements (the pages work without them): on a narrow screen the menu starts
// folded; print buttons ([data-print]) open the print dialog.
(function () {
  var narrow = window.matchMedia("(max-width: 899px)");
  var menu = document.querySelector("details.menu");
  if (menu && narrow.matches) menu.removeAttribute("open");
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-print]");
    if (target) { event.preventDefault(); window.print(); }
  });
})();
