// "Sao chép danh sách": copies a read-only text box to the clipboard; where the Clipboard API is missing (plain
// http on an intranet) the text is selected and copied the older way. Without script the box can be selected.
(function () {
  document.querySelectorAll('[data-copy]').forEach(function (button) {
    var box = document.getElementById(button.getAttribute('data-copy'));
    var status = button.parentNode.querySelector('[data-copy-status]');
    button.addEventListener('click', function () {
      function done() {
        if (status) status.textContent = button.getAttribute('data-copied');
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(box.value).then(done, function () {});
      } else {
        box.select();
        if (document.execCommand('copy')) done();
      }
    });
  });
})();
