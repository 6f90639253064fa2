/* Lists as cards on a phone, once for every list: each table in the page's main part that
   has a header row gets its column headers copied into its cells (data-label), and below
   640px site.css shows each row as a card of "label: value" lines. The status and deadline
   columns stand out and come right after the first column: a header with the class
   "card-key", or whose text names a status or a deadline. A table opts out with
   data-cards="off"; a cell that already has a data-label keeps it. */
document.addEventListener("DOMContentLoaded", function () {
  var KEY = /状态|期限|时限|截止|到期|status|deadline|\bdue\b/i;
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  each(document.querySelectorAll("main table"), function (table) {
    var head = table.tHead;
    if (table.dataset.cards === "off" || !head || head.rows.length !== 1) { return; }
    var labels = [];
    var keys = [];
    each(head.rows[0].cells, function (th) {
      var text = th.textContent.replace(/\s+/g, " ").trim();
      var key = th.classList.contains("card-key") || (text !== "" && KEY.test(text));
      for (var i = 0; i < (th.colSpan || 1); i += 1) { labels.push(text); keys.push(key); }
    });
    each(table.tBodies, function (body) {
      each(body.rows, function (row) {
        var column = 0;
        each(row.cells, function (cell) {
          var span = cell.colSpan || 1;
          if (span === 1) {
            if (!cell.hasAttribute("data-label") && labels[column]) {
              cell.setAttribute("data-label", labels[column]);
            }
            if (keys[column]) { cell.classList.add("card-key"); }
          } else {
            cell.classList.add("card-wide");
          }
          column += span;
        });
      });
    });
    table.classList.add("cards-on-phone");
  });
});
