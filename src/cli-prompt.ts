import readline from 'node:readline';

/** Reads one line from the terminal without echoing it (a password); undefined without a terminal. */
export function terminalSecretPrompt(): ((question: string) => Promise<string>) | undefined {
  if (!process.stdin.isTTY) return undefined;
  return (question) =>
    new Promise((resolve) => {
      const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
      const output = rl as unknown as { _writeToOutput: (text: string) => void };
      let asked = false;
      // readline echoes through _writeToOutput: show the question, hide what is typed.
      output._writeToOutput = (text: string) => {
        if (!asked) {
          process.stdout.write(text);
          asked = true;
        }
      };
      rl.question(question, (answer) => {
        rl.close();
        process.stdout.write('\n');
        resolve(answer);
      });
    });
}
