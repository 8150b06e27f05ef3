// A gate a test holds work at: a promise that resolves when the test opens it, so a test decides
// when held work goes on instead of betting on a timer.
export function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}
