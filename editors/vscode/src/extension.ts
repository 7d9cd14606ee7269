// The kubecours extension: starts `kubecours lsp` (found on the PATH or at
// the configured path) for the YAML files of the workspace, shows the
// current exercise and its score in the status bar, and adds the commands
// "Kubecours : Vérifier l'exercice" and "Kubecours : Indice suivant".

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let status: vscode.StatusBarItem;

/** French unless the editor is in English (the course is in French). */
function english(): boolean {
  const chosen = vscode.workspace.getConfiguration('kubecours').get<string>('langue', 'fr');
  if (chosen === 'fr' || chosen === 'en') {
    return chosen === 'en';
  }
  return vscode.env.language.toLowerCase().startsWith('en');
}

function t(fr: string, en: string): string {
  return english() ? en : fr;
}

/** The `kubecours` program: the setting, else the PATH, else the usual install places. */
function serverCommand(): string {
  const configured = vscode.workspace.getConfiguration('kubecours').get<string>('chemin', '').trim();
  if (configured) {
    return configured.startsWith('~') ? path.join(os.homedir(), configured.slice(1)) : configured;
  }
  const exe = process.platform === 'win32' ? 'kubecours.exe' : 'kubecours';
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter((d) => d);
  // Where the course's installer and `cargo install` put it: the editor may
  // have started before `~/.local/bin` was added to the PATH.
  dirs.push(path.join(os.homedir(), '.local', 'bin'), path.join(os.homedir(), '.cargo', 'bin'), '/usr/local/bin');
  for (const d of dirs) {
    const p = path.join(d, exe);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return exe;
}

interface Status {
  workspace: boolean;
  exercise?: number;
  label: string;
  tooltip: string;
  status?: 'todo' | 'failed' | 'passed';
}

interface Outcome {
  ok: boolean;
  passed?: boolean;
  summary: string;
  text: string;
  status?: Status;
}

function showStatus(s: Status | undefined): void {
  if (!s || !s.workspace) {
    status.hide();
    return;
  }
  const icon = s.status === 'passed' ? '$(pass-filled)' : s.status === 'failed' ? '$(error)' : '$(checklist)';
  status.text = `${icon} ${s.label}`;
  status.tooltip = s.tooltip;
  status.show();
}

/** The file the commands are about: the active editor's, else the first YAML file open. */
function currentUri(): vscode.Uri | undefined {
  const active = vscode.window.activeTextEditor?.document;
  if (active && active.uri.scheme === 'file') {
    return active.uri;
  }
  const yaml = vscode.workspace.textDocuments.find((d) => d.languageId === 'yaml' && d.uri.scheme === 'file');
  if (yaml) {
    return yaml.uri;
  }
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}

async function refreshStatus(): Promise<void> {
  const uri = currentUri();
  if (!client || !uri) {
    showStatus(undefined);
    return;
  }
  try {
    const s = await client.sendRequest<Status>('kubecours/status', { uri: uri.toString() });
    showStatus(s);
  } catch {
    showStatus(undefined);
  }
}

async function run(command: 'kubecours.runCheck' | 'kubecours.runHint', title: string): Promise<void> {
  const uri = currentUri();
  if (!client) {
    void vscode.window.showErrorMessage(t('Le vérificateur kubecours ne tourne pas.', 'The kubecours checker is not running.'));
    return;
  }
  const offline = vscode.workspace.getConfiguration('kubecours').get<boolean>('verification.horsLigne', false);
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title },
    () =>
      client!.sendRequest(ExecuteCommandRequest.type, {
        command,
        arguments: [{ uri: uri?.toString(), offline }],
      }) as Promise<Outcome>,
  );
  output.clear();
  output.appendLine(outcome.text);
  showStatus(outcome.status);
  const details = t('Voir le détail', 'Show details');
  const shown = !outcome.ok
    ? vscode.window.showErrorMessage(outcome.summary, details)
    : outcome.passed === false
      ? vscode.window.showWarningMessage(outcome.summary, details)
      : vscode.window.showInformationMessage(outcome.summary, details);
  if ((await shown) === details) {
    output.show(true);
  }
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration('kubecours');
  const command = serverCommand();
  const serverOptions: ServerOptions = {
    run: { command, args: ['lsp'] },
    debug: { command, args: ['lsp'] },
  };
  const lang = config.get<string>('langue', 'fr');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,json}'),
    },
    initializationOptions: {
      lang: lang === 'auto' ? undefined : lang,
      debounceMs: config.get<number>('delaiMs', 30),
      checkOffline: config.get<boolean>('verification.horsLigne', false),
    },
    outputChannel: output,
  };
  client = new LanguageClient('kubecours', 'Kubecours', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (e) {
    client = undefined;
    void vscode.window.showErrorMessage(
      t(
        `Kubecours : impossible de lancer \`${command} lsp\` (${e}). Installez kubecours (voir le cours) ou réglez « kubecours.chemin ».`,
        `Kubecours: could not start \`${command} lsp\` (${e}). Install kubecours (see the course) or set "kubecours.chemin".`,
      ),
    );
    return;
  }
  await refreshStatus();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('Kubecours');
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 50);
  status.command = 'kubecours.check';
  const progress = vscode.workspace.createFileSystemWatcher('**/kubecours.toml');
  context.subscriptions.push(
    output,
    status,
    progress,
    progress.onDidChange(() => void refreshStatus()),
    progress.onDidCreate(() => void refreshStatus()),
    vscode.window.onDidChangeActiveTextEditor(() => void refreshStatus()),
    vscode.commands.registerCommand('kubecours.check', () =>
      run('kubecours.runCheck', t("Vérification de l'exercice…", 'Checking the exercise…')),
    ),
    vscode.commands.registerCommand('kubecours.hint', () =>
      run('kubecours.runHint', t('Indice suivant…', 'Next hint…')),
    ),
    vscode.commands.registerCommand('kubecours.restart', async () => {
      await client?.stop();
      await start(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('kubecours')) {
        await client?.stop();
        await start(context);
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
