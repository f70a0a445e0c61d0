// The review queue's keys (GET /review): j/k move between photos, a approves, r rejects, 1-9 and 0
// file the photo under that category. Every action submits the photo's own form, so the page works the
// same without this script (Tab to a button, Enter).
(function () {
  'use strict';
  var photos = Array.prototype.slice.call(document.querySelectorAll('.queue .photo'));
  if (photos.length === 0) { return; }
  var current = 0;
  function select(index) {
    if (index < 0 || index >= photos.length) { return; }
    photos[current].classList.remove('current');
    current = index;
    photos[current].classList.add('current');
    photos[current].focus({preventScroll: true});
    photos[current].scrollIntoView({block: 'nearest'});
  }
  function submit(selector) {
    var form = photos[current].querySelector(selector);
    if (form) { form.submit(); }
  }
  photos.forEach(function (photo, index) {
    photo.addEventListener('click', function () { select(index); });
  });
  document.addEventListener('keydown', function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var tag = event.target && event.target.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') { return; }
    var key = event.key;
    if (key === 'j') { select(current + 1); }
    else if (key === 'k') { select(current - 1); }
    else if (key === 'a') { submit('form.approve'); }
    else if (key === 'r') { submit('form.reject'); }
    else if (/^[0-9]$/.test(key)) {
      var form = photos[current].querySelector('form.correct');
      var option = form && form.querySelector('option[data-key="' + key + '"]');
      if (!option) { return; }
      form.querySelector('select').value = option.value;
      form.submit();
    } else { return; }
    event.preventDefault();
  });
  select(0);
})();
