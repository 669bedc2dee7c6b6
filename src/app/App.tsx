export function App() {
  return <h1>ctsieve</h1>;
}
