// The upload page (GET /upload): sends the chosen or dropped photos one request each, with a progress bar
// per file, and shows where each one went or why it was refused. Without this script the form posts all
// files at once and the answer page lists them.
// The form's data-mode says how: "service" posts each file to /uploads; "signed-url" asks /uploads/signed-urls
// for a V4 signed URL and PUTs the file straight to the bucket with the headers the signature covers
// (x-goog-if-generation-match: 0, so a taken name answers 412 and the next suffix is asked for). The service
// skips names already taken; a PUT whose answer the browser could not read (an error without CORS headers)
// is asked for again with the same suffix, at most three times: a name taken meanwhile is then skipped.
(function () {
  'use strict';
  var form = document.getElementById('upload-form');
  var input = document.getElementById('files');
  var list = document.getElementById('progress');
  var drop = form.querySelector('.drop');
  var signedUrls = form.dataset.mode === 'signed-url';
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

  function failed(shown, text) {
    shown.status.className = 'status failed';
    shown.status.textContent = text;
  }

  function stored(shown, object, renamed, classification) {
    shown.bar.value = 100;
    shown.status.className = 'status done';
    shown.status.textContent = 'stored as ' + object + (renamed ? ' (the name was taken)' : '')
        + (classification && classification.category ? ' (' + classification.category + ')' : '');
    shown.li.dataset.object = object;
  }

  function postJson(path, body) {
    return new Promise(function (resolve) {
      var xhr = new XMLHttpRequest();
      xhr.open('POST', path);
      xhr.setRequestHeader('Content-Type', 'application/json');
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.onload = function () {
        var answer = {};
        try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = {error: xhr.statusText}; }
        resolve({status: xhr.status, answer: answer});
      };
      xhr.onerror = function () { resolve({status: 0, answer: {error: 'the service did not answer; try again'}}); };
      xhr.send(JSON.stringify(body));
    });
  }

  // Signed-url mode: one signed URL per try; 412 (the name is taken) -> the next suffix.
  function put(file, classify, shown, suffix, unread) {
    return postJson('/uploads/signed-urls', {files: [{name: file.name, type: file.type, size: file.size, suffix: suffix}]})
      .then(function (signing) {
        var signed = signing.answer.files && signing.answer.files[0];
        if (signing.status !== 200 || !signed || !signed.url) {
          failed(shown, signing.answer.error || ('failed: ' + signing.status));
          return null;
        }
        return new Promise(function (resolve) {
          var xhr = new XMLHttpRequest();
          xhr.open(signed.method, signed.url);
          Object.keys(signed.headers).forEach(function (name) { xhr.setRequestHeader(name, signed.headers[name]); });
          xhr.upload.onprogress = function (event) {
            if (event.lengthComputable) { shown.bar.value = Math.round(100 * event.loaded / event.total); }
            shown.status.textContent = signed.renamed
                ? 'uploading as ' + signed.object.replace(/^incoming\//, '') + ' (the name was taken)' : 'uploading';
          };
          xhr.onload = function () { resolve({status: xhr.status, signed: signed, body: xhr.responseText}); };
          xhr.onerror = function () { resolve({status: 0, signed: signed}); };
          xhr.send(file);
        });
      })
      .then(function (result) {
        if (result === null) { return null; }
        if (result.status === 412) {
          shown.bar.value = 0;
          shown.status.textContent = result.signed.object.replace(/^incoming\//, '') + ' is taken; trying the next name';
          return put(file, classify, shown, result.signed.suffix + 1, unread);
        }
        if (result.status === 0 && unread < 3) {
          shown.bar.value = 0;
          shown.status.textContent = 'no answer from the bucket; asking again';
          return put(file, classify, shown, result.signed.suffix, unread + 1);
        }
        if (result.status < 200 || result.status >= 300) {
          var code = /<Code>([^<]*)<\/Code>/.exec(result.body || '');
          failed(shown, result.status === 0 ? 'the upload was interrupted; try again'
              : 'the bucket refused it (' + result.status + (code ? ' ' + code[1] : '') + ')');
          return null;
        }
        stored(shown, result.signed.object, result.signed.renamed, null);
        if (!classify) { return null; }
        return postJson('/uploads/classifications', {object: result.signed.object}).then(function (answer) {
          if (answer.status === 200) { stored(shown, result.signed.object, result.signed.renamed, answer.answer.classification); }
          return null;
        });
      });
  }

  function send(file, classify, shown) {
    if (signedUrls) { return put(file, classify, shown, 0, 0); }
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
          var done = answer.files[0];
          stored(shown, done.object, false, done.classification);
        } else {
          failed(shown, answer.error || ('failed: ' + xhr.status));
        }
        resolve();
      };
      xhr.onerror = function () {
        failed(shown, 'the upload was interrupted; try again');
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
