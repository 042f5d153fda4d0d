// A filter box above long grouped checkbox lists (the topics). Without JavaScript the box stays hidden
// and the grouped list works as it is. Checked boxes always stay in view.
document.querySelectorAll(".choice-filter").forEach(function (filter) {
  var box = filter.querySelector("input");
  var groups = filter.parentNode.querySelectorAll(".choice-group");
  filter.hidden = false;
  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter") event.preventDefault();  // filtering, not sending the form
  });
  box.addEventListener("input", function () {
    var words = box.value.trim().toLocaleLowerCase();
    groups.forEach(function (group) {
      var wholeGroup = group.querySelector("legend").textContent.toLocaleLowerCase().includes(words);
      var shown = 0;
      group.querySelectorAll("label").forEach(function (label) {
        var show = wholeGroup || label.querySelector("input").checked ||
          label.textContent.toLocaleLowerCase().includes(words);
        label.hidden = !show;
        if (show) shown += 1;
      });
      group.hidden = shown === 0;
    });
  });
});
