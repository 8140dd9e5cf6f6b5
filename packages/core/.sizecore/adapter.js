export {};
//# sourceMappingURL=adapter.js.map