export default function Home() {
  return (
    <main style={{ fontFamily: 'sans-serif', padding: 32 }}>
      <h1>Custodian 客户信息管理系统</h1>
      <p>The API is at <code>/graphql</code> on the API port.</p>
    </main>
  );
}
