export default function teardown(): void { /* nothing */ }
