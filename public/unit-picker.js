// Filters the unit checkboxes of an officer account by code or name, ignoring accents ("vinh chau" finds
// "Vĩnh Châu"); checked boxes stay visible so a choice is never hidden. Without script every unit shows.
(function () {
  var input = document.querySelector('[data-unit-filter]');
  if (!input) return;
  function fold(s) {
    return s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .toLowerCase();
  }
  var labels = Array.prototype.slice.call(document.querySelectorAll('[data-unit-label]'));
  var keys = labels.map(function (l) {
    return fold(l.getAttribute('data-unit-label'));
  });
  input.addEventListener('input', function () {
    var q = fold(input.value.trim());
    labels.forEach(function (label, i) {
      var box = label.querySelector('input');
      label.hidden = q !== '' && keys[i].indexOf(q) < 0 && !box.checked;
    });
    document.querySelectorAll('[data-unit-group]').forEach(function (group) {
      group.hidden = !group.querySelector('[data-unit-label]:not([hidden])');
    });
  });
})();
