// Drag-and-drop onto the upload area, and a visible "working" state while the review runs.
(function () {
  var form = document.getElementById("upload");
  if (!form) return;
  var drop = document.getElementById("drop"), input = document.getElementById("file"), chosen = document.getElementById("chosen");
  function show() { chosen.textContent = input.files.length ? "已选择：" + input.files[0].name : ""; }
  input.addEventListener("change", show);
  ["dragenter", "dragover"].forEach(function (ev) {
    drop.addEventListener(ev, function (e) { e.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (ev) {
    drop.addEventListener(ev, function (e) { e.preventDefault(); drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (e) { if (e.dataTransfer.files.length) { input.files = e.dataTransfer.files; show(); } });
  form.addEventListener("submit", function () {
    document.getElementById("busy").hidden = false;
    form.querySelector("button[type=submit]").disabled = true;
  });
})();
