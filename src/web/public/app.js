// dondoc pages: small progressive enhancements; every page works without this file except the
// upload progress bar. No inline scripts (the Content-Security-Policy forbids them).
(function () {
  'use strict';
  var DRAFTS = 'dondoc:drafts:';

  // Drafts: what is typed into a form marked data-draft is kept in this browser (sessionStorage)
  // until the server says the form was accepted, so an expired session loses nothing.
  function draftKey(form) {
    return DRAFTS + location.pathname + ':' + form.getAttribute('data-draft');
  }
  function saveDraft(form) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === 'hidden' || el.type === 'file' || el.type === 'password') return;
      // A radio group is its checked radio (the import page's choice of task).
      if (el.type === 'radio' && !el.checked) return;
      values[el.name] = el.type === 'checkbox' ? el.checked : el.value;
    });
    try {
      sessionStorage.setItem(draftKey(form), JSON.stringify(values));
    } catch {
      /* full */
    }
  }
  function restoreDraft(form) {
    var raw;
    try {
      raw = sessionStorage.getItem(draftKey(form));
    } catch {
      return;
    }
    if (!raw) return;
    var values = JSON.parse(raw);
    Object.keys(values).forEach(function (name) {
      var el = form.elements.namedItem(name);
      if (!el || el.type === 'hidden') return;
      if (el.type === 'checkbox') el.checked = values[name];
      else el.value = values[name];
    });
  }
  var saved = document.body.getAttribute('data-saved-form');
  if (saved) {
    try {
      sessionStorage.removeItem(DRAFTS + location.pathname + ':' + saved);
    } catch {
      /* ignore */
    }
  }
  Array.prototype.forEach.call(document.querySelectorAll('form[data-draft]'), function (form) {
    restoreDraft(form);
    form.addEventListener('input', function () {
      saveDraft(form);
    });
    form.addEventListener('submit', function () {
      saveDraft(form);
    });
  });

  // Confirmations on buttons that say so (publish, bulk review).
  Array.prototype.forEach.call(document.querySelectorAll('[data-confirm]'), function (el) {
    el.addEventListener('click', function (event) {
      if (!window.confirm(el.getAttribute('data-confirm'))) event.preventDefault();
    });
  });

  // Print buttons: hidden until this script can make them work.
  Array.prototype.forEach.call(document.querySelectorAll('[data-print]'), function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      window.print();
    });
  });

  // "Select all" boxes for bulk forms.
  Array.prototype.forEach.call(document.querySelectorAll('input[data-select-all]'), function (box) {
    box.addEventListener('change', function () {
      var name = box.getAttribute('data-select-all');
      Array.prototype.forEach.call(
        document.querySelectorAll('input[name="' + name + '"]'),
        function (item) {
          item.checked = box.checked;
        },
      );
    });
  });

  // Evidence upload with a progress bar, to the API's evidence route with the session cookie.
  var upload = document.getElementById('upload-form');
  if (upload) {
    var texts = document.getElementById('upload-texts').dataset;
    var bar = document.getElementById('upload-progress');
    var message = document.getElementById('upload-message');
    var maxBytes = Number(upload.getAttribute('data-max-bytes'));
    var allowed = /\.(jpe?g|png|pdf|docx|xlsx)$/i;
    var say = function (text, isError) {
      message.textContent = text;
      message.className = isError ? 'flash flash-error' : 'muted';
    };
    upload.addEventListener('submit', function (event) {
      event.preventDefault();
      var input = upload.elements.namedItem('file');
      var file = input.files && input.files[0];
      if (!file) {
        say(texts.choose, true);
        return;
      }
      if (file.size > maxBytes) {
        say(texts.tooBig, true);
        return;
      }
      if (!allowed.test(file.name) && !/^image\/(jpeg|png)$/.test(file.type)) {
        say(texts.wrongType, true);
        return;
      }
      var xhr = new XMLHttpRequest();
      xhr.open('POST', upload.getAttribute('action').split('?')[0]);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.setRequestHeader('X-CSRF-Token', upload.getAttribute('data-csrf'));
      bar.hidden = false;
      bar.value = 0;
      say(texts.uploading, false);
      xhr.upload.addEventListener('progress', function (e) {
        if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
      });
      xhr.addEventListener('load', function () {
        if (xhr.status >= 200 && xhr.status < 300) {
          bar.value = 100;
          say(texts.uploaded, false);
          location.reload();
          return;
        }
        if (xhr.status === 401) {
          location.href = '/dang-nhap?expired=1&next=' + encodeURIComponent(location.pathname);
          return;
        }
        var code = '';
        try {
          code = JSON.parse(xhr.responseText).code;
        } catch {
          /* not JSON */
        }
        bar.hidden = true;
        say(
          xhr.status === 413 || code === 'file_too_large'
            ? texts.tooBig
            : xhr.status === 415 || /type/.test(code || '')
              ? texts.wrongType
              : texts.failed,
          true,
        );
      });
      xhr.addEventListener('error', function () {
        bar.hidden = true;
        say(texts.failed, true);
      });
      xhr.send(new FormData(upload));
    });
  }

  // Charts: a canvas with data-chart holds its configuration as JSON in a <script type="application/json">.
  if (window.Chart) {
    Array.prototype.forEach.call(
      document.querySelectorAll('canvas[data-chart]'),
      function (canvas) {
        var source = document.getElementById(canvas.getAttribute('data-chart'));
        if (source) new window.Chart(canvas, JSON.parse(source.textContent));
      },
    );
  }
})();
