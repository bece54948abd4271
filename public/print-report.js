// The report's "Print or save as PDF" button (views/results/print.ejs): the browser's own print dialog.
document.querySelectorAll('[data-print]').forEach(function (button) {
  button.addEventListener('click', function () {
    window.print();
  });
});
