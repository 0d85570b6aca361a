/**
 * Hand-written patches shaped like everyday pull requests (written for this benchmark, not taken
 * from any project): a Go handler gaining pagination, a Django view, a new Express middleware
 * without a final newline, a SQL migration, a renamed Spring controller, a Ruby deletion-only
 * hunk, a CRLF C# file, a CI workflow, a lock-file bump and a Dockerfile.
 */
import { addedFile, changedFile } from "../../dev/scenario-kit.js";
import type { ChangedFile } from "../../src/diff/types.js";

const ctx = (lines: string[]) => lines.map((l) => ` ${l}`);
const add = (lines: string[]) => lines.map((l) => `+${l}`);
const del = (lines: string[]) => lines.map((l) => `-${l}`);

const goHandler = changedFile("internal/orders/http.go", "modified", [
  { oldStart: 12, newStart: 12, lines: [...ctx(["import (", '\t"encoding/json"']), ...add(['\t"strconv"']), ...ctx(['\t"net/http"', ")"])] },
  {
    oldStart: 48, newStart: 49, section: "func (h *Handler) List(w http.ResponseWriter, r *http.Request) {",
    lines: [
      ...ctx(["\tuser := auth.UserFrom(r.Context())"]),
      ...del(["\torders, err := h.store.ListOrders(r.Context(), user.ID)"]),
      ...add(["\tlimit, _ := strconv.Atoi(r.URL.Query().Get(\"limit\"))", "\tif limit <= 0 || limit > 200 {", "\t\tlimit = 50", "\t}", "\torders, next, err := h.store.ListOrdersPage(r.Context(), user.ID, r.URL.Query().Get(\"cursor\"), limit)"]),
      ...ctx(["\tif err != nil {", "\t\thttp.Error(w, \"could not list orders\", http.StatusInternalServerError)", "\t\treturn", "\t}"]),
      ...del(["\tjson.NewEncoder(w).Encode(orders)"]),
      ...add(["\tw.Header().Set(\"Content-Type\", \"application/json\")", "\tjson.NewEncoder(w).Encode(map[string]any{\"orders\": orders, \"next\": next})"]),
      ...ctx(["}"]),
    ],
  },
]);

const djangoView = changedFile("billing/views.py", "modified", [
  {
    oldStart: 30, newStart: 30, section: "class InvoiceExportView(LoginRequiredMixin, View):",
    lines: [
      ...ctx(["    def get(self, request, account_id):", "        account = get_object_or_404(Account, pk=account_id, owner=request.user)"]),
      ...add(["        since = request.GET.get(\"since\", \"1970-01-01\")", "        with connection.cursor() as cursor:", "            cursor.execute(f\"SELECT id, total FROM invoices WHERE account_id = {account.id} AND issued_at >= '{since}'\")", "            rows = cursor.fetchall()"]),
      ...del(["        rows = Invoice.objects.filter(account=account).values_list(\"id\", \"total\")"]),
      ...ctx(["        response = HttpResponse(content_type=\"text/csv\")", "        writer = csv.writer(response)"]),
    ],
  },
]);

const middleware = {
  ...addedFile("src/middleware/rate-limit.ts", [
    'import type { NextFunction, Request, Response } from "express";',
    "",
    "const WINDOW_MS = 60_000;",
    "const hits = new Map<string, { count: number; since: number }>();",
    "",
    "/** At most `limit` requests per client address and minute; answers 429 beyond that. */",
    "export function rateLimit(limit: number) {",
    "  return (req: Request, res: Response, next: NextFunction) => {",
    "    const key = req.ip ?? \"unknown\";",
    "    const now = Date.now();",
    "    const entry = hits.get(key);",
    "    if (!entry || now - entry.since > WINDOW_MS) {",
    "      hits.set(key, { count: 1, since: now });",
    "      return next();",
    "    }",
    "    entry.count += 1;",
    "    if (entry.count > limit) return res.status(429).json({ error: \"too many requests\" });",
    "    next();",
    "  };",
    "}",
  ]),
};
middleware.patch = `${middleware.patch}\n\\ No newline at end of file`;

const migration = addedFile("db/migrations/20240611_add_refunds.sql", [
  "CREATE TABLE refunds (",
  "  id BIGSERIAL PRIMARY KEY,",
  "  invoice_id BIGINT NOT NULL REFERENCES invoices(id),",
  "  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),",
  "  reason TEXT,",
  "  created_at TIMESTAMPTZ NOT NULL DEFAULT now()",
  ");",
  "",
  "CREATE INDEX refunds_invoice_id_idx ON refunds (invoice_id);",
]);

const springRename: ChangedFile = {
  ...changedFile("api/src/main/java/com/acme/web/AccountController.java", "renamed", [
    {
      oldStart: 1, newStart: 1,
      lines: [...del(["package com.acme.api;"]), ...add(["package com.acme.web;"]), ...ctx(["", "import org.springframework.web.bind.annotation.*;"])],
    },
  ]),
  previous_filename: "api/src/main/java/com/acme/api/AccountController.java",
};

const rubyCleanup = changedFile("app/models/subscription.rb", "modified", [
  {
    oldStart: 40, newStart: 40, section: "class Subscription < ApplicationRecord",
    lines: [...ctx(["  scope :active, -> { where(cancelled_at: nil) }", ""]), ...del(["  def legacy_price", "    plan.price_cents / 100.0", "  end", ""]), ...ctx(["  def renew!", "    update!(renewed_at: Time.current)"])],
  },
]);

const crlfService = (() => {
  const file = changedFile("Services/PaymentService.cs", "modified", [
    {
      oldStart: 20, newStart: 20, section: "public class PaymentService",
      lines: [...ctx(["    public async Task<Payment> CaptureAsync(Guid id)", "    {"]), ...add(["        var payment = await _db.Payments.FindAsync(id) ?? throw new NotFoundException(id);", "        _logger.LogInformation(\"Capturing {PaymentId}\", id);"]), ...ctx(["        return await _gateway.CaptureAsync(payment);", "    }"])],
    },
  ]);
  return { ...file, patch: (file.patch ?? "").split("\n").map((l) => (l.startsWith("@@") ? l : `${l}\r`)).join("\n") };
})();

const workflow = changedFile(".github/workflows/ci.yml", "modified", [
  { oldStart: 14, newStart: 14, lines: [...ctx(["    steps:", "      - uses: actions/checkout@v4"]), ...del(["      - run: npm ci"]), ...add(["      - run: npm ci --ignore-scripts", "      - run: npm test -- --coverage"]), ...ctx(["      - run: npm run build"])] },
]);

const lockBump = changedFile("package-lock.json", "modified", [
  { oldStart: 2210, newStart: 2210, lines: [...ctx(['    "node_modules/express": {']), ...del(['      "version": "4.19.2",']), ...add(['      "version": "4.21.0",']), ...ctx(['      "license": "MIT",'])] },
]);

const dockerfile = changedFile("Dockerfile", "modified", [
  { oldStart: 1, newStart: 1, lines: [...del(["FROM node:18-alpine"]), ...add(["FROM node:20-alpine"]), ...ctx(["WORKDIR /app", "COPY package*.json ./"])] },
]);

export const REAL_WORLD_PATCHES: readonly ChangedFile[] = [goHandler, djangoView, middleware, migration, springRename, rubyCleanup, crlfService, workflow, lockBump, dockerfile];

/** The patches repeated under distinct directories, so a run has enough work to time. */
export function realWorldCorpus(copies: number): ChangedFile[] {
  return Array.from({ length: copies }, (_, i) =>
    REAL_WORLD_PATCHES.map((file) => ({
      ...file,
      filename: `repo-${i}/${file.filename}`,
      previous_filename: file.previous_filename === undefined ? undefined : `repo-${i}/${file.previous_filename}`,
    })),
  ).flat();
}
