// The Chinese file picker (the native control stays hidden), drag-and-drop onto the upload area, and a visible
// "working" state while the review runs.
(function () {
  var form = document.getElementById("upload");
  if (!form) return;
  var drop = document.getElementById("drop"), input = document.getElementById("file"),
      chosen = document.getElementById("chosen"), pick = document.getElementById("pick");
  function show() {
    var has = input.files.length > 0;
    chosen.textContent = has ? "已选择：" + input.files[0].name : "未选择文件";
    chosen.classList.toggle("has", has);
  }
  input.addEventListener("change", show);
  pick.addEventListener("keydown", function (e) {
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); input.click(); }
  });
  ["dragenter", "dragover"].forEach(function (ev) {
    drop.addEventListener(ev, function (e) { e.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (ev) {
    drop.addEventListener(ev, function (e) { e.preventDefault(); drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (e) { if (e.dataTransfer.files.length) { input.files = e.dataTransfer.files; show(); } });
  form.addEventListener("submit", function (e) {
    if (!input.files.length) {  // the hidden input cannot show the browser's own "required" bubble
      e.preventDefault();
      chosen.textContent = "请先选择文件";
      pick.focus();
      return;
    }
    var maxMb = Number(input.dataset.maxMb);
    if (maxMb && input.files[0].size > maxMb * 1024 * 1024) {  // say so now rather than after a long upload
      e.preventDefault();
      chosen.textContent = "文件超过 " + maxMb + " MB 上限：" + input.files[0].name;
      return;
    }
    document.getElementById("busy").hidden = false;
    form.querySelector("button[type=submit]").disabled = true;
  });
})();
