export interface DepartmentRow { id: string, name: string, slug: string, people: number }

export const useDepartments = () => useFetch<DepartmentRow[]>('/api/departments', { key: 'departments', default: () => [] })
