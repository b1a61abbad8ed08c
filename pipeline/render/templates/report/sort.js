// Click a column header to sort the table by it (numbers by their raw value); click again to reverse.
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("thead th").forEach(function (th, col) {
    th.title = "Bấm để sắp xếp";
    th.addEventListener("click", function () {
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var asc = th.dataset.asc !== "1";
      th.dataset.asc = asc ? "1" : "0";
      rows.sort(function (a, b) {
        var x = a.cells[col], y = b.cells[col];
        var u = x.dataset.v !== undefined ? parseFloat(x.dataset.v) : x.textContent;
        var v = y.dataset.v !== undefined ? parseFloat(y.dataset.v) : y.textContent;
        if (typeof u === "number" && typeof v === "number") {
          if (isNaN(u)) return 1;
          if (isNaN(v)) return -1;
          return asc ? u - v : v - u;
        }
        return asc ? String(u).localeCompare(String(v), "vi") : String(v).localeCompare(String(u), "vi");
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
