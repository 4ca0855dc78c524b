/* chanx: renders the page's embedded AsyncAPI document with AsyncAPI's viewer.
   A file rather than an inline script, so the page's Content-Security-Policy
   needs no 'unsafe-inline'. */
(function () {
  var target = document.getElementById('asyncapi');
  var source = document.getElementById('asyncapi-schema');
  if (!target || !source) { return; }
  try {
    var schema = JSON.parse(source.textContent);
    AsyncApiStandalone.render({ schema: schema, config: { show: { sidebar: true } } }, target);
  } catch (err) {
    target.className = 'chanx-error';
    target.textContent = 'Could not render the AsyncAPI document: ' + err;
  }
})();
