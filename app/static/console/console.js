// Console enhancements (the pages work without them): print buttons ([data-print]) open the
// print dialog. The menu's open/folded state is decided in CSS (console.css), not here.
(function () {
  document.addEventListener('click', function (event) {
    var target = event.target.closest('[data-print]');
    if (target) {
      event.preventDefault();
      window.print();
    }
  });
})();
