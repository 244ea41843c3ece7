import { listPipelinesForConsole } from "@/lib/operations/console/list-pipelines";

export const dynamic = "force-dynamic";

export default async function PipelinesPage() {
  const pipelines = await listPipelinesForConsole({});
  return (
    <main>
      <h1>Pipelines</h1>
      {pipelines.length === 0 ? (
        <p>No pipelines yet. Create one with the AWS CLI or SDK pointed at this server.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Id</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {pipelines.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>{p.id}</td>
                <td>{p.state}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
