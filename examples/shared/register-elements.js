// Registers every element built so far (each tag has its own entry; this picks them all up).
import.meta.glob('../../packages/elements/dist/entries/*.js', { eager: true });
