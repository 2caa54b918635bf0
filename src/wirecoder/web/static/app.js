// wirecoder: link the coded record in the side panel to the highlighted article text.
// No inline scripts anywhere (the Content-Security-Policy forbids them); this is the
// only script, and the pages work without it.
(function () {
  "use strict";

  function segments(ref) {
    return document.querySelectorAll('#text [data-refs~="' + CSS.escape(ref) + '"]');
  }

  function mark(ref, on) {
    segments(ref).forEach(function (el) {
      el.classList.toggle("hl", on);
    });
  }

  document.querySelectorAll(".panel [data-ref]").forEach(function (item) {
    var ref = item.getAttribute("data-ref");
    item.addEventListener("mouseenter", function () { mark(ref, true); });
    item.addEventListener("mouseleave", function () { mark(ref, false); });
    item.addEventListener("focus", function () { mark(ref, true); });
    item.addEventListener("blur", function () { mark(ref, false); });
    item.addEventListener("click", function (event) {
      if (event.target.closest("a")) {
        return;
      }
      var first = segments(ref)[0];
      if (first) {
        first.scrollIntoView({ block: "center", behavior: "smooth" });
      }
    });
  });

  var text = document.getElementById("text");
  if (text) {
    text.addEventListener("click", function (event) {
      var seg = event.target.closest("[data-refs], [data-ref]");
      if (!seg) {
        return;
      }
      var refs = (seg.getAttribute("data-refs") || seg.getAttribute("data-ref") || "").split(" ");
      document.querySelectorAll(".panel .item.selected, .panel tr.selected").forEach(function (el) {
        el.classList.remove("selected");
      });
      var target = null;
      refs.forEach(function (ref) {
        document.querySelectorAll('.panel [data-ref="' + CSS.escape(ref) + '"]').forEach(function (el) {
          el.classList.add("selected");
          target = target || el;
        });
      });
      if (target) {
        target.scrollIntoView({ block: "nearest", behavior: "smooth" });
      }
    });
  }
})();
