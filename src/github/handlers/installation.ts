import type { Probot } from "probot";

/**
 * Installations come and go while reviews run; nothing is stored per installation, so there is
 * nothing to set up or tear down. Logged so operators can see who installed the App where.
 */
export function registerInstallationEvents(app: Probot): void {
  app.on(["installation", "installation_repositories"], async (context) => {
    const { payload } = context;
    const account = payload.installation.account;
    const login = account && "login" in account ? account.login : account && "slug" in account ? account.slug : "unknown";
    const added = "repositories_added" in payload ? payload.repositories_added.length : "repositories" in payload ? (payload.repositories?.length ?? 0) : 0;
    const removed = "repositories_removed" in payload ? payload.repositories_removed.length : 0;
    context.log.info({ installation: payload.installation.id, account: login, action: payload.action, added, removed }, "installation changed");
  });
}
