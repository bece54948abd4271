// Keeps "còn 3 ngày 4 giờ" current without reloading; the server's clock is the reference, not the PC's.
(function () {
  var MINUTE = 60000;
  var HOUR = 60 * MINUTE;
  var DAY = 24 * HOUR;
  var nodes = document.querySelectorAll('.countdown[data-deadline]');
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) {
      return String(values[k]);
    });
  }
  nodes.forEach(function (node) {
    var deadline = Number(node.getAttribute('data-deadline'));
    var skew = Number(node.getAttribute('data-now')) - Date.now();
    function render() {
      var left = deadline - (Date.now() + skew);
      if (left <= 0) node.textContent = node.getAttribute('data-passed');
      else if (left >= DAY)
        node.textContent = fill(node.getAttribute('data-days'), {
          d: Math.floor(left / DAY),
          h: Math.floor((left % DAY) / HOUR),
        });
      else
        node.textContent = fill(node.getAttribute('data-hours'), {
          h: Math.floor(left / HOUR),
          m: Math.floor((left % HOUR) / MINUTE),
        });
    }
    render();
    setInterval(render, 30000);
  });
})();
