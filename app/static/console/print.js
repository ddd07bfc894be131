// Print buttons: <button data-print> opens the browser's print dialog (save as PDF).
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-print]");
  if (target) { event.preventDefault(); window.print(); }
});
