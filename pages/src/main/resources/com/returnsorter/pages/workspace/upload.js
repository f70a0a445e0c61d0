// The upload page (GET /upload): sends the chosen or dropped photos one request each, with a progress bar
// per file, and shows where each one went or why it was refused. Without this script the form posts all
// files at once and the answer page lists them.
(function () {
  'use strict';
  var form = document.getElementById('upload-form');
  var input = document.getElementById('files');
  var list = document.getElementById('progress');
  var drop = form.querySelector('.drop');
  if (!window.FormData || !window.XMLHttpRequest) { return; }

  function row(file) {
    var li = document.createElement('li');
    var name = document.createElement('span');
    name.className = 'file';
    name.textContent = file.name;
    var bar = document.createElement('progress');
    bar.max = 100;
    bar.value = 0;
    var status = document.createElement('span');
    status.className = 'status';
    status.textContent = 'waiting';
    li.appendChild(name);
    li.appendChild(bar);
    li.appendChild(status);
    list.appendChild(li);
    return {li: li, bar: bar, status: status};
  }

  function send(file, classify, shown) {
    return new Promise(function (resolve) {
      var data = new FormData();
      data.append('files', file, file.name);
      if (classify) { data.append('classify', 'on'); }
      var xhr = new XMLHttpRequest();
      xhr.open('POST', '/uploads');
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.onprogress = function (event) {
        if (event.lengthComputable) { shown.bar.value = Math.round(100 * event.loaded / event.total); }
        shown.status.textContent = 'uploading';
      };
      xhr.onload = function () {
        var answer = {};
        try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = {error: xhr.statusText}; }
        if (xhr.status === 200 && answer.files && answer.files[0] && answer.files[0].object) {
          var stored = answer.files[0];
          shown.bar.value = 100;
          shown.status.className = 'status done';
          shown.status.textContent = 'stored as ' + stored.object
              + (stored.classification ? ' (' + stored.classification.category + ')' : '');
          shown.li.dataset.object = stored.object;
        } else {
          shown.status.className = 'status failed';
          shown.status.textContent = answer.error || ('failed: ' + xhr.status);
        }
        resolve();
      };
      xhr.onerror = function () {
        shown.status.className = 'status failed';
        shown.status.textContent = 'the upload was interrupted; try again';
        resolve();
      };
      xhr.send(data);
    });
  }

  function upload(files) {
    var box = form.querySelector('input[name=classify]');
    var classify = box !== null && box.checked;
    var queue = Array.prototype.map.call(files, function (file) { return {file: file, shown: row(file)}; });
    // Two at a time: fast on the station's network, gentle on a phone's.
    var next = 0;
    function worker() {
      if (next >= queue.length) { return Promise.resolve(); }
      var item = queue[next++];
      return send(item.file, classify, item.shown).then(worker);
    }
    return Promise.all([worker(), worker()]).then(function () {
      form.dataset.finished = String(Number(form.dataset.finished || 0) + queue.length);
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (input.files.length > 0) { upload(input.files); input.value = ''; }
  });
  input.addEventListener('change', function () {
    if (input.files.length > 0) { upload(input.files); input.value = ''; }
  });
  ['dragenter', 'dragover'].forEach(function (type) {
    drop.addEventListener(type, function (event) { event.preventDefault(); drop.classList.add('over'); });
  });
  ['dragleave', 'drop'].forEach(function (type) {
    drop.addEventListener(type, function () { drop.classList.remove('over'); });
  });
  drop.addEventListener('drop', function (event) {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length > 0) { upload(event.dataTransfer.files); }
  });
})();
