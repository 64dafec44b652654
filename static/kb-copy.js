// "Copy the citation" buttons: copy the text of the element named by data-copy.
document.addEventListener("click", function (event) {
  var button = event.target.closest("button.kb-copy");
  if (!button || !navigator.clipboard) {
    return;
  }
  var source = document.querySelector(button.dataset.copy);
  navigator.clipboard.writeText(source.innerText).then(function () {
    button.textContent = "Copied";
  });
});
